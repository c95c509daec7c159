package io.jrestate.restatectl.internal;

import java.util.List;
import java.util.TreeSet;

/** Partition id arguments as the reference takes them: {@code 0}, {@code 1-4}; none means all partitions. */
final class PartitionIds {
    private PartitionIds() {
    }

    static List<Integer> parse(final List<String> args) {
        final TreeSet<Integer> ids = new TreeSet<>();
        for (String arg : args) {
            final int dash = arg.indexOf('-');
            if (dash > 0) {
                final int from = (int) number(arg.substring(0, dash), "partition id range '" + arg + "'");
                final int to = (int) number(arg.substring(dash + 1), "partition id range '" + arg + "'");
                if (to < from) {
                    throw new CliArgs.UsageException("invalid partition id range '" + arg + "': end before start");
                }
                for (int id = from; id <= to; id++) {
                    ids.add(id);
                }
            } else {
                ids.add((int) number(arg, "partition id '" + arg + "'"));
            }
        }
        return List.copyOf(ids);
    }

    static long number(final String text, final String what) {
        try {
            final long value = Long.parseLong(text.trim());
            if (value < 0 || value > Integer.MAX_VALUE && what.startsWith("partition")) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CliArgs.UsageException("invalid value '" + text + "' for " + what
                + ": expected a non-negative number");
        }
    }
}
