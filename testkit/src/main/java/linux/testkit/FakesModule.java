package linux.testkit;

import dagger.Module;

/**
 * Registers every recording fake of this package under the name {@code fake} in the map of
 * its header. A test kernel includes this module and picks a fake with the boot parameter of
 * the file, e.g. {@code BootParams.parse("mem=16M swap_state=fake")}.
 */
@Module
public abstract class FakesModule {
    private FakesModule() {
    }
}
