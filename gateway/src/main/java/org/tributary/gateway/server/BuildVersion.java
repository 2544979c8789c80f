package org.tributary.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build was made as (the command line prints it, the SRR document publishes it). */
public final class BuildVersion {

    private BuildVersion() {}

    public static String get() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/tributary-version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
