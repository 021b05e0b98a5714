/**
 * The test kernels' side of mmemu (no 2.6.20 counterpart): small recording fakes of the
 * header interfaces, registered under the name {@code fake} in the same maps the real
 * implementations register in, so a module's tests build their kernel through Dagger from
 * {@code linux.init}'s modules, the real implementations upstream of the module under test,
 * and these fakes for the rest (chosen with e.g. {@code swap_state=fake}). Used only as a
 * test-scope dependency.
 */
module linux.testkit {
    requires transitive linux.init;
    requires org.eclipse.collections.api;
    requires org.eclipse.collections.impl;

    exports linux.testkit;
}
