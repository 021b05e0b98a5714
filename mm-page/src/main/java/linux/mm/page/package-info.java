/** See module-info. */
package linux.mm.page;
