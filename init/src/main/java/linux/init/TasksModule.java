package linux.init;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import linux.mm.page.InitTask;
import linux.mm.page.TaskList;

/**
 * The kernel's task list: init_task and the tasks linked behind it, which is also what the
 * OOM killer walks ({@link TaskList}, under tasklist_lock).
 */
@Module
public abstract class TasksModule {
    private TasksModule() {
    }

    @Provides
    @Singleton
    static InitTask initTask() {
        return new InitTask();
    }

    @Provides
    static TaskList taskList(InitTask initTask) {
        return initTask;
    }
}
