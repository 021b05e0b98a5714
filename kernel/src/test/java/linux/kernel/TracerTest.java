package linux.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TracerTest {

    @Mirrors("scan_swap_map")
    static int scanSwapMap(Tracer tracer) {
        if (tracer.enabled()) {
            tracer.enter("scan_swap_map");
        }
        int offset = 1;
        if (tracer.enabled()) {
            tracer.exit("scan_swap_map");
        }
        return offset;
    }

    @Test
    void off_isDisabledAndRecordsNothing() {
        assertFalse(Tracer.OFF.enabled());
        assertEquals(1, scanSwapMap(Tracer.OFF));
    }

    @Test
    void enabledTracer_seesEnterAndExitInOrder() {
        List<String> events = new ArrayList<>();
        Tracer recording = new Tracer() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void enter(String fn) {
                events.add("> " + fn);
            }

            @Override
            public void exit(String fn) {
                events.add("< " + fn);
            }
        };
        scanSwapMap(recording);
        assertEquals(List.of("> scan_swap_map", "< scan_swap_map"), events);
    }

    @Test
    void mirrors_isReadableAtRunTime() throws NoSuchMethodException {
        Method m = TracerTest.class.getDeclaredMethod("scanSwapMap", Tracer.class);
        Mirrors mirrors = m.getAnnotation(Mirrors.class);
        assertEquals("scan_swap_map", mirrors.value());
        assertTrue(Mirrors.class.isAnnotationPresent(Retention.class));
        assertEquals(RetentionPolicy.RUNTIME, Mirrors.class.getAnnotation(Retention.class).value());
    }
}
