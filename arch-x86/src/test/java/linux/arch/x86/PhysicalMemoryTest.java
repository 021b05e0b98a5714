package linux.arch.x86;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PhysicalMemoryTest {

    @Test
    void words_areLittleEndianAndZeroInitially() {
        PhysicalMemory ram = new PhysicalMemory(4);
        assertEquals(0L, ram.readLong(3, PAGE_SIZE - 8));
        ram.writeInt(1, 8, 0x11223344);
        assertEquals((byte) 0x44, ram.readByte(1, 8));
        assertEquals((byte) 0x11, ram.readByte(1, 11));
        ram.writeLong(2, 16, 0x0102030405060708L);
        assertEquals(0x05060708, ram.readInt(2, 16));
        assertEquals(0x01020304, ram.readInt(2, 20));
    }

    @Test
    void atomics_exchangeAndOr() {
        PhysicalMemory ram = new PhysicalMemory(1);
        ram.writeInt(0, 4, 0x25);
        assertEquals(0x25, ram.getAndSetInt(0, 4, 0));
        assertEquals(0, ram.readInt(0, 4));
        assertEquals(0, ram.getAndBitwiseOrInt(0, 4, 0x20));
        assertEquals(0x20, ram.getAndBitwiseAndInt(0, 4, ~0x20));
        assertTrue(ram.compareAndSetLong(0, 8, 0L, -1L));
        assertFalse(ram.compareAndSetLong(0, 8, 0L, 5L));
        assertEquals(-1L, ram.getAndSetLong(0, 8, 7L));
        assertThrows(IllegalArgumentException.class, () -> ram.getAndSetInt(0, 2, 1));
    }

    @Test
    void frames_spanChunksAndCopy() {
        // 64 Ki frames per chunk: frame 65536 lives in the second chunk.
        PhysicalMemory ram = new PhysicalMemory(65537);
        byte[] data = new byte[PAGE_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        ram.write(65536, 0, data, 0, PAGE_SIZE);
        ram.copyFrame(65536, 5);
        byte[] back = new byte[PAGE_SIZE];
        ram.read(5, 0, back, 0, PAGE_SIZE);
        assertArrayEquals(data, back);
        ram.clearFrame(5);
        assertEquals(0L, ram.readLong(5, 128));
    }

    @Test
    void buffer_isAlignedViewSharingRam() {
        PhysicalMemory ram = new PhysicalMemory(3);
        ByteBuffer view = ram.buffer(2, 0, PAGE_SIZE);
        assertEquals(PAGE_SIZE, view.remaining());
        assertEquals(0, view.alignmentOffset(0, PAGE_SIZE), "frames are PAGE_SIZE aligned for O_DIRECT");
        view.putInt(0, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, ram.readInt(2, 0));
    }

    @Test
    void badAddresses_areRejected() {
        PhysicalMemory ram = new PhysicalMemory(2);
        assertFalse(ram.pfnValid(2));
        assertFalse(ram.pfnValid(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> ram.readInt(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ram.readInt(0, PAGE_SIZE - 2));
        assertThrows(IllegalArgumentException.class, () -> new PhysicalMemory(0));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.ofBytes(4097));
        assertEquals(8192L, PhysicalMemory.ofBytes(8192).sizeBytes());
    }
}
