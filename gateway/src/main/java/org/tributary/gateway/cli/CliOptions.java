package org.tributary.gateway.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * A command's options, declared as the table its help shows: one line per option, {@code --name ARG} or
 * {@code --name}, then two or more spaces, then what it does. The declaration reads like the usage text, so the two
 * do not drift, and each command states its options as data instead of a run of builder calls.
 */
final class CliOptions {

    private CliOptions() { }

    /**
     * Options from a table such as:
     * <pre>
     * --config FILE      YAML configuration file
     * --es256            sign with the EC key
     * </pre>
     * A line with an argument name takes one value; a line without is on or off.
     *
     * @throws IllegalArgumentException for a line that is not in that form (a programming error, found by the tests)
     */
    static Options table(String table) {
        Options options = new Options();
        for (String line : table.strip().split("\n")) {
            String[] sides = line.strip().split(" {2,}", 2);
            String[] head = sides[0].split(" ");
            if (sides.length != 2 || !head[0].startsWith("--") || head[0].length() < 3 || head.length > 2) {
                throw new IllegalArgumentException("not '--name [ARG]  description': " + line);
            }
            Option.Builder b = Option.builder().longOpt(head[0].substring(2)).desc(sides[1]);
            if (head.length == 2) b.hasArg().argName(head[1]);
            options.addOption(b.build());
        }
        return options;
    }
}
