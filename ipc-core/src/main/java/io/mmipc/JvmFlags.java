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

    static String target(final Module module)
    {
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
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
        // On the class path both modules are the unnamed one (ALL-UNNAMED); on the module path Agrona
        // is the automatic module org.agrona and this is io.mmipc, and the flags must name them.
        final Module agrona = org.agrona.concurrent.UnsafeBuffer.class.getModule();
        final Module self = JvmFlags.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", agrona))
        {
            missing.append(" --add-exports=java.base/jdk.internal.misc=").append(target(agrona));
        }
        if (!self.isNativeAccessEnabled())
        {
            missing.append(" --enable-native-access=").append(target(self));
        }
        if (!missing.isEmpty())
        {
            throw new IllegalStateException("mmipc needs these JVM flags:" + missing + "; add them to the java " +
                "command line or to JDK_JAVA_OPTIONS (" + (self.isNamed() ? "on the module path" :
                "on the class path the full set, from scripts/jvm.options, is " + NEEDED) + ")");
        }
        checked = true;
    }
}
