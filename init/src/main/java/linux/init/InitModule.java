package linux.init;

import dagger.Module;

/**
 * Everything a kernel is assembled from below its .c files, in one Dagger module to
 * include: the base ({@link BaseModule}), the hardware ({@link HardwareModule}), the block
 * layer ({@link BlockModule}), the headers' shared state ({@link HeadersModule}), the task
 * list ({@link TasksModule}) and the choice of implementation per kernel file ({@link Selection}). A component adds the
 * implementation modules it wants (each contributes its implementation to the map of its
 * header under a name) and the boot parameters choose among them.
 */
@Module(includes = {BaseModule.class, HardwareModule.class, BlockModule.class, HeadersModule.class, TasksModule.class,
        Selection.class})
public abstract class InitModule {
    private InitModule() {
    }
}
