package org.tributary.gateway.dav;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.io.Content;

/** A plain HTML page for a browser GET on a collection, streamed entry by entry. */
final class HtmlListing {

    private HtmlListing() { }

    static void write(DavExchange ex, EntryInfo dir) throws IOException {
        var resp = ex.response();
        resp.setStatus(200);
        resp.getHeaders().put("Content-Type", "text/html; charset=utf-8");
        String title = ex.route().urlPath(ex.path());
        try (Listing listing = ex.backend().list(ex.path());
             OutputStream os = Content.Sink.asOutputStream(resp);
             Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            w.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
            w.write(Xml.escape(title));
            w.write("</title><style>body{font-family:sans-serif;margin:2em}td{padding:0 1em}td.n{text-align:right}"
                    + "tr:nth-child(even){background:#f4f4f4}</style></head><body>\n<h1>Index of ");
            w.write(Xml.escape(title));
            w.write("</h1>\n<table>\n<tr><th>Name</th><th>Size</th><th>Last modified</th></tr>\n");
            if (!ex.path().isRoot()) {
                w.write("<tr><td><a href=\"" + Xml.escape(ex.href(ex.path().parent(), true)) + "\">../</a></td><td></td><td></td></tr>\n");
            }
            for (EntryInfo e : listing) {
                AreaPath p = e.path();
                String name = p.name() + (e.isDirectory() ? "/" : "");
                w.write("<tr><td><a href=\"" + Xml.escape(ex.href(p, e.isDirectory())) + "\">" + Xml.escape(name) + "</a></td><td class=\"n\">"
                        + (e.isDirectory() ? "" : e.size()) + "</td><td>" + HttpDates.iso(e.modified()) + "</td></tr>\n");
            }
            w.write("</table>\n<p><small>Tributary</small></p></body></html>\n");
        }
    }

}
