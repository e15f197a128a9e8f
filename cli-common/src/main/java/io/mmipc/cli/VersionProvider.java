package io.mmipc.cli;

import picocli.CommandLine;

/**
 * {@code --version}: the version Maven wrote into the jar's manifest, and the JVM running it.
 */
public final class VersionProvider implements CommandLine.IVersionProvider
{
    @Override
    public String[] getVersion()
    {
        return lines();
    }

    /**
     * @return the lines {@code --version} prints, resolved here rather than left to Picocli's
     *         {@code ${java.version}} interpolation, so that a command printing them without Picocli
     *         ({@code ipc --version}, for its start-up) prints the same text.
     */
    public static String[] lines()
    {
        final String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {
            "mmipc " + (version == null ? "(development build)" : version),
            "JVM: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + " " +
                System.getProperty("java.vm.name") + ")",
            "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
                System.getProperty("os.arch") };
    }
}
