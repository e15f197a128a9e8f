package io.mmipc.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, made by a test to stand for two hosts: addresses
 * 10.200.N.1 (side A) and 10.200.N.2 (side B) exist only inside them, so nothing the test sends can
 * reach any other address. Needs root and iproute2 ({@code ip netns}); {@link #create} says why
 * it could not be made instead of throwing, so the test can skip with that reason.
 */
final class NetworkNamespaces implements AutoCloseable
{
    final String a;
    final String b;
    final String addressA;
    final String addressB;
    private final List<String> made = new ArrayList<>();

    private NetworkNamespaces(final String tag, final int subnet)
    {
        this.a = "mmipc-" + tag + "-a";
        this.b = "mmipc-" + tag + "-b";
        this.addressA = "10.200." + subnet + ".1";
        this.addressB = "10.200." + subnet + ".2";
    }

    /**
     * @return the namespaces, or null with {@code why[0]} saying why they could not be made.
     */
    static NetworkNamespaces create(final String[] why)
    {
        final long pid = ProcessHandle.current().pid();
        final NetworkNamespaces ns = new NetworkNamespaces(Long.toString(pid % 100_000), 1 + (int)(pid % 250));
        final String vethA = "mvA" + pid % 100_000;
        final String vethB = "mvB" + pid % 100_000;
        try
        {
            ns.run("ip", "netns", "add", ns.a);
            ns.made.add(ns.a);
            ns.run("ip", "netns", "add", ns.b);
            ns.made.add(ns.b);
            ns.run("ip", "link", "add", vethA, "netns", ns.a, "type", "veth", "peer", "name", vethB, "netns", ns.b);
            ns.run("ip", "-n", ns.a, "addr", "add", ns.addressA + "/24", "dev", vethA);
            ns.run("ip", "-n", ns.b, "addr", "add", ns.addressB + "/24", "dev", vethB);
            ns.run("ip", "-n", ns.a, "link", "set", vethA, "up");
            ns.run("ip", "-n", ns.b, "link", "set", vethB, "up");
            ns.run("ip", "-n", ns.a, "link", "set", "lo", "up");
            ns.run("ip", "-n", ns.b, "link", "set", "lo", "up");
            return ns;
        }
        catch (final IOException | InterruptedException ex)
        {
            ns.close();
            why[0] = "cannot make two network namespaces joined by a veth pair (needs root and iproute2): " +
                ex.getMessage();
            return null;
        }
    }

    /**
     * @return a shell prefix for {@link Script#startUnder} that runs the script in namespace
     *         {@code ns} with {@code javaOptions} in {@code MMIPC_JAVA_OPTS}.
     */
    static String in(final String ns, final String javaOptions)
    {
        return "exec env MMIPC_JAVA_OPTS='" + javaOptions + "' ip netns exec " + ns + " \"$@\"";
    }

    private void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
        }
    }

    @Override
    public void close()
    {
        for (final String ns : made)
        {
            try
            {
                run("ip", "netns", "del", ns); // the veth pair goes with its namespaces
            }
            catch (final IOException | InterruptedException ex)
            {
                System.err.println("could not remove network namespace " + ns + ": " + ex.getMessage());
            }
        }
        made.clear();
    }
}
