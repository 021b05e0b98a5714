/** See module-info. */
package linux.boot;
