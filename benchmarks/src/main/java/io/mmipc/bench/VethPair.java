package io.mmipc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by a veth pair, standing for two hosts in {@link BridgeBench} and
 * in the integration tests' BridgeIT (the one class both use):
 * {@value #ADDRESS_A} (side A, the sender's) and {@value #ADDRESS_B} (side B, the receiver's) exist
 * only inside them, so the bench's traffic reaches no other address. The names carry this JVM's
 * pid, so that two benches (or a bench and its smoke test) never share a namespace. Needs root and
 * iproute2; {@link #create} says why it could not be made instead of throwing, and {@link #close}
 * removes whatever it made (the veth pair goes with its namespaces).
 */
public final class VethPair implements AutoCloseable
{
    /** Side A's address, the sender's. */
    public static final String ADDRESS_A = "10.201.0.1";
    /** Side B's address, the receiver's. */
    public static final String ADDRESS_B = "10.201.0.2";
    /** Ethernet's MTU, a veth pair's default. */
    public static final int ETHERNET_MTU = 1500;

    /** Namespace A's name. */
    public final String a;
    /** Namespace B's name. */
    public final String b;
    private final List<String> made = new ArrayList<>();

    private VethPair(final long pid)
    {
        this.a = "mmipcb-" + pid + "-a";
        this.b = "mmipcb-" + pid + "-b";
    }

    /** Jumbo frames, as on a data centre's hosts. */
    public static final int JUMBO_MTU = 9000;
    /** IPv4 and UDP headers: a datagram of a link's MTU minus this leaves in one frame. */
    static final int IP_UDP_HEADERS = 28;

    /**
     * @param why where the reason goes when the pair cannot be made.
     * @param mtu the veth pair's MTU (both ends).
     * @return the pair, or null with {@code why[0]} saying why.
     */
    public static VethPair create(final String[] why, final int mtu)
    {
        final long pid = ProcessHandle.current().pid() % 1_000_000;
        final VethPair pair = new VethPair(pid);
        final String vethA = "mmbA" + pid; // interface names: 15 characters at most
        final String vethB = "mmbB" + pid;
        try
        {
            pair.run("ip", "netns", "add", pair.a);
            pair.made.add(pair.a);
            pair.run("ip", "netns", "add", pair.b);
            pair.made.add(pair.b);
            pair.run("ip", "link", "add", vethA, "netns", pair.a, "type", "veth", "peer", "name", vethB, "netns", pair.b);
            pair.run("ip", "-n", pair.a, "addr", "add", ADDRESS_A + "/24", "dev", vethA);
            pair.run("ip", "-n", pair.b, "addr", "add", ADDRESS_B + "/24", "dev", vethB);
            pair.run("ip", "-n", pair.a, "link", "set", vethA, "mtu", Integer.toString(mtu));
            pair.run("ip", "-n", pair.b, "link", "set", vethB, "mtu", Integer.toString(mtu));
            pair.run("ip", "-n", pair.a, "link", "set", vethA, "up");
            pair.run("ip", "-n", pair.b, "link", "set", vethB, "up");
            pair.run("ip", "-n", pair.a, "link", "set", "lo", "up");
            pair.run("ip", "-n", pair.b, "link", "set", "lo", "up");
            return pair;
        }
        catch (final IOException | InterruptedException ex)
        {
            pair.close();
            why[0] = "cannot make two network namespaces joined by a veth pair (needs root and iproute2 'ip netns'): " +
                ex.getMessage();
            return null;
        }
    }

    /**
     * @return the largest Aeron MTU (a multiple of 32) whose datagrams cross a link of this MTU unfragmented.
     */
    static int aeronMtu(final int linkMtu)
    {
        return (linkMtu - IP_UDP_HEADERS) & -32;
    }

    /**
     * @return the command prefix that runs a program in namespace {@code ns}.
     */
    public static List<String> in(final String ns)
    {
        return List.of("ip", "netns", "exec", ns);
    }

    private void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 20 s");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
        }
    }

    /** Removes the namespaces made (idempotent: a shutdown hook and a finally block may both call it). */
    @Override
    public synchronized void close()
    {
        for (final String ns : made)
        {
            try
            {
                run("ip", "netns", "del", ns);
            }
            catch (final IOException | InterruptedException ex)
            {
                System.err.println("could not remove network namespace " + ns + " (remove it with " +
                    "'ip netns del " + ns + "'): " + ex.getMessage());
            }
        }
        made.clear();
    }
}
