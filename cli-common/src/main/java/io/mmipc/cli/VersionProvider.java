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
        final String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {
            "mmipc " + (version == null ? "(development build)" : version),
            "JVM: ${java.version} (${java.vendor} ${java.vm.name})",
            "OS: ${os.name} ${os.version} ${os.arch}" };
    }
}
