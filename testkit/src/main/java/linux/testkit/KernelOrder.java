package linux.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a class reads beside its kernel file: the methods carrying {@code @Mirrors}
 * tags of the file's functions come in the file's order (STYLE.md: callees before callers
 * as the C has them, Java-only helpers last).
 *
 * <p>The kernel's order is a list of function names, one per line ({@code #} starts a
 * comment), kept in the module's test resources under {@code kernel-order/}, e.g.
 * {@code kernel-order/mm_swapfile.c.txt} for mm/swapfile.c. The Java order is that of the
 * {@code @Mirrors("name")} tags on methods and constructors in the class's source file (the
 * compiled class does not keep declaration order). Tags naming functions of other files,
 * and tags on fields and types, are ignored; a function mirrored twice counts where it is
 * first mirrored.
 *
 * <p>Typical use, from a module's tests (the working directory is the module's):
 * <pre>{@code
 * assertEquals(List.of(), KernelOrder.check(Swapfile.class, "kernel-order/mm_swapfile.c.txt"));
 * }</pre>
 */
public final class KernelOrder {
    private KernelOrder() {
    }

    /** A {@code @Mirrors("x")} tag and what follows it up to the end of the declaration's head. */
    private static final Pattern TAG = Pattern.compile("@Mirrors\\(\"([^\"]+)\"\\)");

    /**
     * Every tag of {@code cls} that is out of the kernel's order, one line each, empty when
     * the order agrees. The tags kept in order are the longest run that agrees with the
     * kernel; each other one is reported with the kernel function it should follow.
     *
     * @param kernelOrderResource the resource (on the caller's class path) listing the
     *     kernel file's functions in order
     */
    public static List<String> check(Class<?> cls, String kernelOrderResource) {
        return check(source(cls), kernelFunctions(cls, kernelOrderResource));
    }

    /** {@link #check(Class, String)} on explicit text: the Java source and the kernel's list. */
    public static List<String> check(String javaSource, List<String> kernelFunctions) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < kernelFunctions.size(); i++) {
            rank.putIfAbsent(kernelFunctions.get(i), i);
        }
        List<String> tags = new ArrayList<>(methodTags(javaSource));
        tags.removeIf(t -> !rank.containsKey(t));
        int n = tags.size();
        // Longest strictly increasing run of kernel ranks (patience sorting, O(n log n)).
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = rank.get(tags.get(i));
        }
        int[] tailIdx = new int[n];
        int[] prev = new int[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
            int lo = 0;
            int hi = len;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (r[tailIdx[mid]] < r[i]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            prev[i] = lo > 0 ? tailIdx[lo - 1] : -1;
            tailIdx[lo] = i;
            if (lo == len) {
                len++;
            }
        }
        boolean[] kept = new boolean[n];
        for (int i = len > 0 ? tailIdx[len - 1] : -1; i >= 0; i = prev[i]) {
            kept[i] = true;
        }
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (kept[i]) {
                continue;
            }
            int want = r[i];
            String after = null;
            for (int k = want - 1; k >= 0 && after == null; k--) {
                if (tags.contains(kernelFunctions.get(k))) {
                    after = kernelFunctions.get(k);
                }
            }
            bad.add(tags.get(i) + " is out of the kernel's order: it belongs "
                    + (after == null ? "before every other mirrored function" : "after " + after));
        }
        return bad;
    }

    /**
     * The values of the {@code @Mirrors} tags on methods and constructors in
     * {@code javaSource}, in order, each once: a tag whose declaration has a parameter list
     * before any {@code =}, {@code ;} or body (fields and types do not).
     */
    public static List<String> methodTags(String javaSource) {
        String src = stripComments(javaSource);
        Set<String> out = new LinkedHashSet<>();
        Matcher m = TAG.matcher(src);
        while (m.find()) {
            String head = declarationHead(src, m.end());
            if (head.indexOf('(') >= 0) {
                out.add(m.group(1));
            }
        }
        return List.copyOf(out);
    }

    /** The text after a tag up to the first {@code {}, {@code ;} or {@code =}, with other annotations removed. */
    private static String declarationHead(String src, int from) {
        StringBuilder sb = new StringBuilder();
        int i = from;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '@') {
                // Skip another annotation and its arguments.
                i++;
                while (i < src.length() && (Character.isJavaIdentifierPart(src.charAt(i)) || src.charAt(i) == '.')) {
                    i++;
                }
                while (i < src.length() && Character.isWhitespace(src.charAt(i))) {
                    i++;
                }
                if (i < src.length() && src.charAt(i) == '(') {
                    int depth = 0;
                    boolean inString = false;
                    for (; i < src.length(); i++) {
                        char d = src.charAt(i);
                        if (inString) {
                            if (d == '\\') {
                                i++;
                            } else if (d == '"') {
                                inString = false;
                            }
                        } else if (d == '"') {
                            inString = true;
                        } else if (d == '(') {
                            depth++;
                        } else if (d == ')' && --depth == 0) {
                            i++;
                            break;
                        }
                    }
                }
                continue;
            }
            if (c == '{' || c == ';' || c == '=') {
                break;
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static String stripComments(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    /** The source of {@code cls} under {@code src/main/java} of the current (module) directory. */
    static String source(Class<?> cls) {
        Class<?> top = cls;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        Path p = Path.of("src", "main", "java", top.getName().replace('.', '/') + ".java");
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the source of " + cls.getName() + " is not at " + p.toAbsolutePath()
                    + " (run from the module's directory)", e);
        }
    }

    /** The kernel file's functions listed in {@code resource}, found through {@code anchor}'s class loader. */
    static List<String> kernelFunctions(Class<?> anchor, String resource) {
        ClassLoader loader = anchor.getClassLoader();
        try (InputStream in = loader != null ? loader.getResourceAsStream(resource)
                : ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    names.add(t);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
