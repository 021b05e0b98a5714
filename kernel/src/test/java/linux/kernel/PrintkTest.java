package linux.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrintkTest {

    @Test
    void printk_bufferKeepsLevelsAndDmesgStripsThem() {
        Printk.Buffer log = new Printk.Buffer();
        log.printk(Printk.KERN_ERR, "Unable to find swap-space signature");
        log.printk(Printk.KERN_INFO, "Adding 1020k swap on /tmp/s.  Priority:-1 extents:1 across:1020k");
        assertEquals(List.of("<3>Unable to find swap-space signature",
                "<6>Adding 1020k swap on /tmp/s.  Priority:-1 extents:1 across:1020k"), log.lines());
        assertEquals("Unable to find swap-space signature", log.messages().get(0));
        log.clear();
        assertEquals(List.of(), log.messages());
    }
}
