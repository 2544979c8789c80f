package org.tributary.gateway.cli;

import org.apache.commons.cli.Option;

/** The two kinds of command-line option the commands declare, without commons-cli's builder around each. */
final class CliOptions {

    private CliOptions() { }

    /** {@code --name ARG}: an option that takes one value. */
    static Option valued(String name, String arg, String description) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
    }

    /** {@code --name}: an option that is on or off. */
    static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).build();
    }
}
