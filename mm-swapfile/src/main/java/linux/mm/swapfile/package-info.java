/** See module-info. */
package linux.mm.swapfile;
