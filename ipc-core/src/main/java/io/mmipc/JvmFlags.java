package io.mmipc;

/**
 * Checks, when a channel is opened, that the JVM was started with the flags mmipc needs, so that a
 * missing flag is one clear error rather than a class-initialisation failure deep in a library.
 */
final class JvmFlags
{
    static final String NEEDED = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED " +
        "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";

    private static volatile boolean checked;

    private JvmFlags()
    {
    }

    /**
     * @throws IllegalStateException naming the missing flags and where they go.
     */
    static void check()
    {
        if (checked)
        {
            return;
        }
        final StringBuilder missing = new StringBuilder();
        final Module unnamed = JvmFlags.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", unnamed))
        {
            missing.append(" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        }
        if (!unnamed.isNativeAccessEnabled())
        {
            missing.append(" --enable-native-access=ALL-UNNAMED");
        }
        if (!missing.isEmpty())
        {
            throw new IllegalStateException("mmipc needs these JVM flags:" + missing + " (the full set is in " +
                "scripts/jvm.options: " + NEEDED + "); add them to the java command line or to JDK_JAVA_OPTIONS");
        }
        checked = true;
    }
}
