package linux.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel log (kernel/printk.c): where the emulated kernel's messages go instead of
 * stdout, so tests can assert their exact text and the cli can show them like
 * {@code dmesg}. A message is one line without its trailing newline; {@code level} is
 * the {@code KERN_*} level as the kernel spells its prefix ({@code "<3>"} for KERN_ERR).
 */
@FunctionalInterface
public interface Printk {

    String KERN_EMERG = "<0>";
    String KERN_ALERT = "<1>";
    String KERN_CRIT = "<2>";
    String KERN_ERR = "<3>";
    String KERN_WARNING = "<4>";
    String KERN_NOTICE = "<5>";
    String KERN_INFO = "<6>";
    String KERN_DEBUG = "<7>";

    /** Logs one message at {@code level}. Must be safe to call from any thread. */
    @Mirrors("printk")
    void printk(String level, String message);

    /** A log that drops everything. */
    Printk NONE = (level, message) -> { };

    /** A log buffer that keeps every line ({@code log_buf}), readable like dmesg. */
    final class Buffer implements Printk {
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void printk(String level, String message) {
            lines.add(level + message);
        }

        /** Every message so far, with its level prefix, oldest first. */
        public synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        /** Every message so far without level prefixes, as {@code dmesg} prints them. */
        public synchronized List<String> messages() {
            List<String> out = new ArrayList<>(lines.size());
            for (String l : lines) {
                out.add(l.startsWith("<") && l.length() > 2 && l.charAt(2) == '>' ? l.substring(3) : l);
            }
            return out;
        }

        /** Empties the buffer ({@code dmesg -c}). */
        public synchronized void clear() {
            lines.clear();
        }
    }
}
