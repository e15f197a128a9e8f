package io.mmipc.tool;

/**
 * The training run of {@code ipc}'s JDK 25 AOT cache ({@code scripts/dist}: {@code java
 * -XX:AOTCacheOutput=ipc.aot -cp mmipc-ipc.jar io.mmipc.tool.AotTraining}): the one-shot commands a
 * user runs most, each as {@code ipc} runs it, in a scratch MMIPC_DIR the caller sets, so that the
 * classes and linkage they need are in the cache.
 */
public final class AotTraining
{
    private AotTraining()
    {
    }

    public static void main(final String[] args)
    {
        final String box = "aot-training-" + ProcessHandle.current().pid();
        final String[][] runs = {
            {"mailbox", "create", box, "--slots", "16"},
            {"send", box, "hello"},
            {"send", box, "--name", "trainer", "hello again"},
            {"recv", box, "--timeout", "5s"},
            {"stat", box},
            {"list"},
            {"--version"},
            {"rm", box}};
        for (final String[] run : runs)
        {
            final int code = IpcMain.run(run);
            if (code != 0)
            {
                System.err.println("AOT training: ipc " + String.join(" ", run) + " exited " + code);
                System.exit(code);
            }
        }
    }
}
