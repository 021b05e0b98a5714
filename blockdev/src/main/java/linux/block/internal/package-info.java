/**
 * The implementation of the block layer: the device table ({@code BdevRegistry}), disks
 * over files ({@code FileBlockDevice}), partitions ({@code PartitionDevice}), the request
 * queue with the generic elevator code ({@code RequestQueue}) and the noop and deadline
 * I/O schedulers. Exported only to linux.boot, which builds the table.
 */
package linux.block.internal;
