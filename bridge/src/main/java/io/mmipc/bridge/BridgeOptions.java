package io.mmipc.bridge;

import picocli.CommandLine.Option;

/**
 * The network options both bridges take (a Picocli mixin).
 */
public final class BridgeOptions
{
    @Option(names = "--local", paramLabel = "HOST:PORT", required = true,
        description = "This host's address and UDP port: the receiving bridge takes the data here, the sending bridge " +
            "its acknowledgements.")
    String local;

    @Option(names = "--remote", paramLabel = "HOST:PORT", required = true,
        description = "The other bridge's --local: the sending bridge sends the data there, the receiving bridge its " +
            "acknowledgements.")
    String remote;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the Aeron media driver already running with this directory, instead of embedding one " +
            "(embedded: a directory /dev/shm/mmipc-bridge-PID-ROLE, deleted on exit).")
    String aeronDir;

    @Option(names = "--stream-id", paramLabel = "ID", defaultValue = "1201",
        description = "Aeron stream id of the data; the acknowledgements use the next one (default ${DEFAULT-VALUE}).")
    int streamId;

    @Option(names = "--term-length", paramLabel = "BYTES", converter = io.mmipc.cli.SizeConverter.class,
        defaultValue = "4m",
        description = "Aeron term length of the data stream, a power of two from 64k to 1g; Aeron sends up to half " +
            "of it ahead of the receiver (default ${DEFAULT-VALUE}).")
    long termLength;

    @Option(names = "--mtu", paramLabel = "BYTES", converter = io.mmipc.cli.SizeConverter.class,
        defaultValue = "1408",
        description = "send: the largest UDP datagram of the data stream, a multiple of 32 up to 65504. The default " +
            "(Aeron's) fits a 1500-byte Ethernet MTU; with jumbo frames (MTU 9000) use 8960: fewer, larger datagrams " +
            "carry small records at a fraction of the system calls. Larger than the path's MTU works, but the kernel " +
            "then splits each datagram into IP fragments and the loss of one loses all (default ${DEFAULT-VALUE}).")
    long mtu;

    @Option(names = "--linger", paramLabel = "MILLIS", defaultValue = "5000",
        description = "receive: after END_OF_STREAM is committed, how long to keep acknowledging it if the sending " +
            "bridge has gone and cannot say it is done (default ${DEFAULT-VALUE}).")
    long lingerMillis;

    public String local()
    {
        return local;
    }

    public String remote()
    {
        return remote;
    }

    public String aeronDir()
    {
        return aeronDir;
    }

    public int dataStreamId()
    {
        return streamId;
    }

    public int ackStreamId()
    {
        return streamId + 1;
    }

    public int termLength()
    {
        return (int)termLength;
    }

    public int mtu()
    {
        return (int)mtu;
    }

    public long lingerNanos()
    {
        return lingerMillis * 1_000_000L;
    }
}
