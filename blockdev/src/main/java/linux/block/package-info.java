/** See module-info. */
package linux.block;
