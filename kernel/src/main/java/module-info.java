/**
 * The base every mmemu module stands on: what the whole of linux-2.6.20 shares rather than
 * one mm file. {@code @Mirrors} ties Java to kernel symbols; {@code printk} and the log
 * buffer ({@code kernel/printk.c}); the error numbers ({@code include/asm-generic/errno*.h});
 * {@code BUG()} ({@code include/asm-generic/bug.h}); {@code current}, {@code in_interrupt()}
 * and {@code smp_processor_id()} ({@code include/asm-i386/current.h},
 * {@code include/linux/hardirq.h}); and the function-graph tracer (a modern addition: 2.6.20
 * had no ftrace).
 */
module linux.kernel {
    exports linux.kernel;
}
