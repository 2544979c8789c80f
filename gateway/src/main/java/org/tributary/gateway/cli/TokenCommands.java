package org.tributary.gateway.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.Operation;
import org.tributary.gateway.security.SubtreeAccess;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.security.DevIssuer;
import org.tributary.gateway.security.TokenMinter;
import org.tributary.gateway.security.TokenServices;
import org.tributary.gateway.security.TokenValidator;
import org.tributary.gateway.config.DurationText;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.config.TokenIssuerConfig;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.LogText;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.security.AccessPolicy;
import org.tributary.gateway.security.RequestOperations;
import org.tributary.gateway.security.RequestOperations.Target;
import org.tributary.gateway.security.RequestOperations.Verb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code tributary authz explain} and {@code tributary dev-token}. */
final class TokenCommands {

    private TokenCommands() {}

    static Options explainOptions() {
        return CliOptions.table("""
                --config FILE              YAML configuration file
                --token-file FILE          file holding the token (default: WLCG bearer token discovery, none = anonymous)
                --anonymous                explain for a caller without a token
                --destination PATH|URL     COPY/MOVE target path; a URL on another server: a third-party push
                --source URL               COPY from another server: a third-party pull into PATH
                """);
    }

    /** authz explain --config F --token-file T METHOD PATH: exit 0 allowed, 1 denied or invalid token. */
    static int authz(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("explain")) {
            throw new ParseException("usage: tributary authz explain --config FILE [--token-file FILE] METHOD PATH");
        }
        CommandLine cl = new DefaultParser().parse(explainOptions(), java.util.Arrays.copyOfRange(args, 1, args.length));
        if (!cl.hasOption("config")) throw new ParseException("authz explain needs --config FILE");
        if (cl.getArgList().size() != 2) throw new ParseException("authz explain needs METHOD and PATH");
        String method = cl.getArgList().get(0).toUpperCase(Locale.ROOT);
        String urlPath = cl.getArgList().get(1);
        GatewayConfig cfg = GatewayConfig.load(Path.of(cl.getOptionValue("config")));
        TokenServices services = TokenServices.create(cfg, Clock.systemUTC());

        Identity who = Identity.ANONYMOUS;
        String token = cl.hasOption("anonymous") ? null : token(cl.getOptionValue("token-file"));
        if (token != null) {
            if (services.tokenAuthenticator() == null) {
                System.out.println("DENY (401): no token-issuers are configured; tokens are ignored and the caller is"
                        + " anonymous");
            } else {
                try {
                    TokenValidator.Validated v = services.tokenAuthenticator().identify(token);
                    who = v.identity();
                    System.out.println("token: " + who.logName() + " (issuer '" + v.issuer().name() + "')");
                    System.out.println("  groups: " + who.groups().stream().map(LogText::quoted).toList());
                    System.out.println("  storage scopes: " + who.scopes().stream().map(LogText::quoted).toList()
                            + (who.scopes().isEmpty() ? " (none: the area's policies apply)" : " (scopes only; groups ignored)"));
                    System.out.println("  expires: " + v.expires());
                } catch (HttpError e) {
                    System.out.println("DENY (401): " + LogText.quoted(e.getMessage()));
                    return 1;
                }
            }
        } else {
            System.out.println("caller: anonymous");
        }

        List<StorageArea> areas = new ArrayList<>();
        for (StorageAreaConfig ac : cfg.areas()) {
            StorageBackend b = openQuietly(ac);
            if (b != null) areas.add(new StorageArea(ac, b));
        }
        AreaRouter router = new AreaRouter(areas);
        try {
            List<Check> checks = checks(router, method, urlPath, cl.getOptionValue("destination"),
                    cl.getOptionValue("source"));
            boolean all = true;
            for (Check c : checks) {
                AccessDecision d = c.below
                        ? SubtreeAccess.decide(services.guard(), who, c.route.area(), c.op, c.route.path())
                        : services.guard().decide(who, c.route.area(), c.op, c.route.path());
                all &= d.allowed();
                int status = AccessPolicy.refusalStatus(who, c.route.area(), c.op);
                System.out.println(method + " " + c.label + ": " + c.op + " " + c.route.path() + " in area '"
                        + c.route.area().name() + "' → " + (d.allowed() ? "ALLOW" : "DENY (" + status + ")") + ": "
                        + d.reason());
            }
            return all ? 0 : 1;
        } finally {
            for (StorageArea a : areas) if (a.backend() != null) a.backend().close();
        }
    }

    /** One decision to print; {@code below}: the operation on everything below the path (SubtreeAccess). */
    record Check(String label, Operation op, AreaRouter.Route route, boolean below) { }

    /**
     * The checks the server runs for this request, from the same table ({@link RequestOperations}), on the storage
     * as it is now. PROPFIND shows both depths. COPY with {@code --source URL} is a third-party pull into PATH, COPY
     * with a {@code --destination} URL a push from PATH; a {@code --destination} path is a copy on this server.
     */
    static List<Check> checks(AreaRouter router, String method, String path, String dest, String source)
            throws Exception {
        AreaRouter.Route r = route(router, path);
        Target t = Target.of(stat(r));
        boolean remoteDest = dest != null && dest.contains("://");
        List<Check> out = new ArrayList<>();
        switch (method) {
            case "GET" -> add(out, Verb.GET, t, r, path, path);
            case "HEAD" -> add(out, Verb.HEAD, t, r, path, path);
            case "PROPFIND" -> {
                add(out, Verb.PROPFIND_SELF, t, r, path, path + " (Depth 0)");
                add(out, Verb.PROPFIND_LISTING, t, r, path, path + " (Depth 1)");
            }
            case "PUT" -> add(out, Verb.PUT, t, r, path, path + (t.exists() ? " (exists: overwrite)" : " (new)"));
            case "MKCOL" -> add(out, Verb.MKCOL, t, r, path, path);
            case "DELETE" -> add(out, Verb.DELETE, t, r, path, path);
            case "PROPPATCH" -> add(out, Verb.PROPPATCH, t, r, path, path);
            // the Tape REST API's operations on one file (docs/tape-rest.md)
            case "STAGE" -> add(out, Verb.TAPE_STAGE, t, r, path, path + " (Tape REST stage, cancel, release)");
            case "POLL" -> add(out, Verb.TAPE_POLL, t, r, path, path + " (Tape REST poll, archiveinfo)");
            case "COPY", "MOVE" -> {
                if (source != null) {
                    if (method.equals("MOVE") || dest != null) {
                        throw new ParseException("--source goes with COPY alone (a third-party pull into PATH)");
                    }
                    add(out, Verb.COPY_PULL, t, r, path, path + (t.exists() ? " (pull: exists, overwrite)" : " (pull: new)"));
                } else if (dest == null) {
                    throw new ParseException(method + " needs --destination PATH (or URL), or --source URL for COPY");
                } else if (remoteDest) {
                    if (method.equals("MOVE")) throw new ParseException("MOVE to another server is not possible");
                    add(out, Verb.COPY_PUSH, t, r, path, path + " (push)");
                } else {
                    // Depth infinity, the server's default
                    AreaRouter.Route d = route(router, dest);
                    Target dt = Target.of(stat(d));
                    for (RequestOperations.Check c : RequestOperations.checks(Verb.valueOf(method), t, dt, true)) {
                        boolean onDest = c.on() == RequestOperations.On.DESTINATION;
                        String label = onDest ? dest + (dt.exists() ? " (target exists)" : " (new target)")
                                : path + " (source)";
                        out.add(check(c, onDest ? d : r, onDest ? dest : path, label));
                    }
                }
            }
            default -> throw new ParseException("method " + method + " is not one of GET, HEAD, PROPFIND, PUT, MKCOL,"
                    + " DELETE, PROPPATCH, COPY, MOVE, STAGE, POLL (the last two: Tape REST)");
        }
        return out;
    }

    private static void add(List<Check> out, Verb verb, Target t, AreaRouter.Route r, String path, String label) {
        for (RequestOperations.Check c : RequestOperations.checks(verb, t)) out.add(check(c, r, path, label));
    }

    private static Check check(RequestOperations.Check c, AreaRouter.Route r, String path, String label) {
        return new Check(c.below() ? path + " (everything below)" : label, c.op(), r, c.below());
    }

    private static AreaRouter.Route route(AreaRouter router, String path) throws ParseException {
        Optional<AreaRouter.Route> r = router.route(RequestTarget.decodeSegments(path));
        if (r.isEmpty()) throw new ParseException(path + " is not in any storage area");
        return r.get();
    }

    /** What is at the path now; nothing when it cannot be looked at. */
    private static Optional<EntryInfo> stat(AreaRouter.Route r) {
        try {
            return r.area().backend() == null ? Optional.empty() : r.area().backend().stat(r.path());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static StorageBackend openQuietly(StorageAreaConfig ac) {
        try {
            if (!ac.backend().isPosix()) {
                System.out.println("note: area '" + ac.name() + "' (" + ac.backend().type() + ") is not explained here");
                return null;
            }
            return PosixBackend.open(ac.backend().root());
        } catch (IOException | RuntimeException e) {
            System.out.println("note: area '" + ac.name() + "' cannot be opened (" + e.getMessage() + ")");
            return null;
        }
    }

    /** The token of --token-file, or from WLCG bearer token discovery (SPECS §3.4); null when there is none. */
    static String token(String file) throws IOException, ParseException {
        if (file != null) {
            String t = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) throw new ParseException(file + " is empty");
            return t;
        }
        String env = System.getenv("BEARER_TOKEN");
        if (env != null && !env.isBlank()) return env.strip();
        List<Path> candidates = new ArrayList<>();
        String f = System.getenv("BEARER_TOKEN_FILE");
        if (f != null && !f.isBlank()) candidates.add(Path.of(f));
        String uid = uid();
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && uid != null) candidates.add(Path.of(xdg, "bt_u" + uid));
        if (uid != null) candidates.add(Path.of("/tmp", "bt_u" + uid));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                String t = Files.readString(p, StandardCharsets.UTF_8).strip();
                if (!t.isEmpty()) return t;
            }
        }
        return null;
    }

    private static String uid() {
        try {
            Object v = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return String.valueOf(v);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static Options devTokenOptions() {
        return CliOptions.table("""
                --config FILE              configuration with a dev: true issuer
                --issuer NAME              which dev issuer (default: the only one)
                --scope SCOPES             e.g. "storage.read:/ storage.create:/user"
                --group GROUP              a wlcg.groups entry (repeatable)
                --sub SUB                  subject (default dev-user)
                --aud AUD                  audience (default: the issuer's first, or the WLCG any value)
                --lifetime DURATION        e.g. 20m, 1h (default 1h)
                --scitoken                 a SciTokens 2.0 token (scopes read:/ write:)
                --es256                    sign with the EC key (ES256) instead of RSA
                """);
    }

    /** dev-token: prints a token of a local dev issuer; only for a configuration that listens on loopback only. */
    static int devToken(String[] args) throws Exception {
        CommandLine cl = new DefaultParser().parse(devTokenOptions(), args);
        if (!cl.hasOption("config")) throw new ParseException("dev-token needs --config FILE (with a dev: true issuer)");
        GatewayConfig cfg = GatewayConfig.load(Path.of(cl.getOptionValue("config")));
        if (!cfg.listensOnLoopbackOnly()) {
            System.err.println("tributary: dev-token works only for a server that listens on loopback only (bind is "
                    + cfg.server().bind() + ")");
            return 2;
        }
        List<TokenIssuerConfig> dev = cfg.tokens().issuers().stream().filter(TokenIssuerConfig::dev)
                .filter(i -> !cl.hasOption("issuer") || i.name().equals(cl.getOptionValue("issuer"))).toList();
        if (dev.size() != 1) {
            System.err.println("tributary: " + (dev.isEmpty() ? "no" : "more than one") + " dev issuer"
                    + (cl.hasOption("issuer") ? " named " + cl.getOptionValue("issuer") : "")
                    + " in the configuration; add token-issuers: [{name: dev, issuer: https://dev.invalid, dev: true,"
                    + " jwks-file: ./dev-issuer/jwks.json}]" + (dev.isEmpty() ? "" : " or pick one with --issuer"));
            return 2;
        }
        TokenIssuerConfig issuer = dev.getFirst();
        DevIssuer keys = DevIssuer.openOrCreate(issuer.jwksFile());
        String aud = cl.getOptionValue("aud", issuer.audiences().isEmpty() ? TokenValidator.ANY_AUDIENCE
                : issuer.audiences().getFirst());
        Duration life = cl.hasOption("lifetime") ? DurationText.parse(cl.getOptionValue("lifetime")) : Duration.ofHours(1);
        String[] groups = cl.getOptionValues("group");
        TokenMinter.Spec spec = new TokenMinter.Spec(issuer.issuer(), cl.getOptionValue("sub", "dev-user"), List.of(aud),
                cl.getOptionValue("scope"), groups == null ? List.of() : List.of(groups), life, cl.hasOption("scitoken"));
        System.out.println(TokenMinter.mint(keys.key(cl.hasOption("es256")), spec, Instant.now()));
        return 0;
    }
}
