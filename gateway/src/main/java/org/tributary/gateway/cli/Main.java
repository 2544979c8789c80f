package org.tributary.gateway.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.tributary.gateway.config.CliOverrides;
import org.tributary.gateway.config.ConfigException;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.BuildVersion;
import org.tributary.gateway.server.GatewayServer;

import java.nio.file.Path;
import java.util.Arrays;

/** The command line: serve, check-config, version. */
public final class Main {

    private Main() { }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String cmd = args.length == 0 ? "help" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (cmd) {
                case "serve" -> serve(rest);
                case "check-config" -> checkConfig(rest);
                case "authz" -> TokenCommands.authz(rest);
                case "dev-token" -> TokenCommands.devToken(rest);
                case "describe" -> describe(rest);
                case "version", "--version" -> {
                    System.out.println("tributary " + version());
                    yield 0;
                }
                case "help", "--help", "-h" -> {
                    usage();
                    yield 0;
                }
                default -> {
                    System.err.println("tributary: unknown command '" + cmd + "'");
                    usage();
                    yield 2;
                }
            };
        } catch (ConfigException e) {
            System.err.println("tributary: configuration error: " + e.getMessage());
            return 2;
        } catch (ParseException e) {
            System.err.println("tributary: " + e.getMessage() + " (see 'tributary help')");
            return 2;
        } catch (Exception e) {
            System.err.println("tributary: " + e.getMessage());
            return 1;
        }
    }

    static Options serveOptions() {
        return CliOptions.table("""
                --config FILE       YAML configuration file
                --root DIR          directory served by the first storage area
                --http-port N       plain-http port
                --https-port N      https port
                --host-cert PEM     host certificate (chain)
                --host-key PEM      host private key
                --bind ADDR         address to listen on
                """);
    }

    private static GatewayConfig loadConfig(CommandLine cl) throws ConfigException, ParseException {
        GatewayConfig cfg = cl.hasOption("config") ? GatewayConfig.load(Path.of(cl.getOptionValue("config")))
                : GatewayConfig.embeddedDefault();
        CliOverrides o = new CliOverrides(
                cl.hasOption("root") ? Path.of(cl.getOptionValue("root")) : null,
                intOption(cl, "http-port"), intOption(cl, "https-port"),
                cl.hasOption("host-cert") ? Path.of(cl.getOptionValue("host-cert")) : null,
                cl.hasOption("host-key") ? Path.of(cl.getOptionValue("host-key")) : null,
                cl.getOptionValue("bind"));
        return cfg.withOverrides(o);
    }

    private static Integer intOption(CommandLine cl, String name) throws ParseException {
        if (!cl.hasOption(name)) return null;
        try {
            return Integer.parseInt(cl.getOptionValue(name));
        } catch (NumberFormatException e) {
            throw new ParseException("--" + name + " needs a number, got '" + cl.getOptionValue(name) + "'");
        }
    }

    private static int serve(String[] args) throws Exception {
        long t0 = System.nanoTime();
        CommandLine cl = new DefaultParser().parse(serveOptions(), args);
        if (!cl.getArgList().isEmpty()) throw new ParseException("unexpected argument " + cl.getArgList().getFirst());
        GatewayConfig cfg = loadConfig(cl);
        GatewayServer server = new GatewayServer(cfg).start();
        Banner.print(cfg, server, (System.nanoTime() - t0) / 1_000_000);
        server.join();
        return 0;
    }

    private static int checkConfig(String[] args) throws Exception {
        Options o = serveOptions();
        CommandLine cl = new DefaultParser().parse(o, args);
        GatewayConfig cfg;
        if (!cl.getArgList().isEmpty()) {
            cfg = GatewayConfig.load(Path.of(cl.getArgList().getFirst()));
        } else {
            cfg = loadConfig(cl);
        }
        System.out.println("# configuration is valid; effective settings:");
        System.out.print(cfg.toYaml());
        return 0;
    }

    static Options describeOptions() {
        return CliOptions.table("""
                --config FILE       YAML configuration file (default: the built-in configuration)
                --host NAME         the host name clients use (default: this machine's canonical name)
                """);
    }

    /** Prints the rucio-admin commands and the CRIC-style JSON for a configuration (docs/qos.md). */
    private static int describe(String[] args) throws Exception {
        CommandLine cl = new DefaultParser().parse(describeOptions(), args);
        if (!cl.getArgList().isEmpty()) throw new ParseException("unexpected argument " + cl.getArgList().getFirst());
        GatewayConfig cfg = cl.hasOption("config") ? GatewayConfig.load(Path.of(cl.getOptionValue("config")))
                : GatewayConfig.embeddedDefault();
        String host = cl.hasOption("host") ? cl.getOptionValue("host")
                : java.net.InetAddress.getLocalHost().getCanonicalHostName();
        System.out.print(new SiteDescription(cfg, host).script());
        return 0;
    }

    private static void usage() {
        System.out.println("""
                usage: tributary <command> [options]

                commands:
                  serve [--config FILE] [--root DIR] [--http-port N] [--https-port N]
                        [--host-cert PEM] [--host-key PEM] [--bind ADDR]
                        Serve WebDAV. Without --config: one storage area at /data backed by ./data,
                        http://127.0.0.1:8080, anonymous read-write (loopback only).
                  check-config FILE   Validate a configuration and print the effective settings.
                  authz explain --config FILE [--token-file FILE] [--destination PATH] METHOD PATH
                        Print whether a token may do METHOD on PATH, and the scope or policy rule that decides.
                        METHOD is a WebDAV method, or STAGE / POLL for the Tape REST API.
                  dev-token --config FILE [--scope S] [--group G] [--sub S] [--aud A] [--lifetime 1h]
                        [--scitoken] [--es256]
                        Mint a token from the configuration's dev issuer (loopback-only servers).
                  describe [--config FILE] [--host NAME]
                        Print the rucio-admin commands that register each QoS class (each area without
                        classes) as an RSE, and a CRIC-style JSON of the endpoint.
                  version             Print the version.
                """);
        new HelpFormatter().printOptions(new java.io.PrintWriter(System.out, true), 100, serveOptions(), 2, 2);
    }

    static String version() {
        return BuildVersion.get();
    }
}
