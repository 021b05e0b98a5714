/** See module-info. */
package linux.arch.x86;
