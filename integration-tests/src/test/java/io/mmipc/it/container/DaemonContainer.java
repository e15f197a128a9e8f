package io.mmipc.it.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One mmipc daemon (producer or consumer) in its own container: its own pid namespace, the jar and
 * the shared JVM flags copied in, the channel folder bind-mounted from the host so that two
 * containers map the very same file.
 */
final class DaemonContainer implements AutoCloseable
{
    static final Path ROOT = Path.of(System.getProperty("mmipc.root", "..")).toAbsolutePath().normalize();
    static final String IMAGE = System.getProperty("mmipc.it.image", "eclipse-temurin:25-jre");
    private static final Pattern THROUGHPUT = Pattern.compile("(produced|consumed) (\\d+) records, .*");

    private final String role;
    private final GenericContainer<?> container;

    /** Counts a container as started once it runs or has already exited: the test waits for the exit itself. */
    private static final class StartedOrExited extends StartupCheckStrategy
    {
        @Override
        public StartupStatus checkStartupState(final DockerClient client, final String containerId)
        {
            final InspectContainerResponse.ContainerState state = getCurrentState(client, containerId);
            return Boolean.TRUE.equals(state.getRunning()) || state.getFinishedAt() != null &&
                !state.getFinishedAt().startsWith("0001") ? StartupStatus.SUCCESSFUL : StartupStatus.NOT_YET_KNOWN;
        }
    }

    @SuppressWarnings("resource")
    private DaemonContainer(final String role, final Path channels, final String... args)
    {
        this.role = role;
        final String jar = "mmipc-" + role + ".jar";
        final List<String> command = new ArrayList<>(List.of("java", "@/app/jvm.options", "-jar", "/app/" + jar));
        command.addAll(List.of(args));
        container = new GenericContainer<>(DockerImageName.parse(IMAGE))
            .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve(role).resolve("target").resolve(jar)), "/app/" + jar)
            .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("scripts").resolve("jvm.options")),
                "/app/jvm.options")
            .withFileSystemBind(channels.toString(), "/channels", BindMode.READ_WRITE)
            .withEnv("MMIPC_DIR", "/channels")
            .withCommand(command.toArray(String[]::new))
            .withStartupCheckStrategy(new StartedOrExited());
    }

    static DaemonContainer start(final String role, final Path channels, final String... args)
    {
        final DaemonContainer daemon = new DaemonContainer(role, channels, args);
        daemon.container.start();
        return daemon;
    }

    private InspectContainerResponse.ContainerState state()
    {
        return DockerClientFactory.instance().client().inspectContainerCmd(container.getContainerId()).exec().getState();
    }

    boolean isRunning()
    {
        return Boolean.TRUE.equals(state().getRunning());
    }

    /**
     * Waits for the daemon's exit, failing with its output after {@code seconds}.
     *
     * @return its exit code.
     */
    long waitFor(final long seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (isRunning())
        {
            if (System.nanoTime() > deadline)
            {
                fail(role + " container still running after " + seconds + " s; its output:\n" + logs());
            }
            Thread.sleep(50);
        }
        return state().getExitCodeLong();
    }

    /**
     * {@code docker stop}: SIGTERM to the JVM, which is the container's pid 1.
     */
    void dockerStop()
    {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
    }

    /**
     * {@code docker pause}: freezes every process of the container (the cgroup freezer), as a long
     * GC pause or SIGSTOP would; its heartbeat stops too.
     */
    void dockerPause()
    {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    /**
     * {@code docker unpause}.
     */
    void dockerUnpause()
    {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    String logs()
    {
        return container.getLogs();
    }

    long records()
    {
        return Long.parseLong(throughputMatcher().group(2));
    }

    String throughputLine()
    {
        return throughputMatcher().group(0);
    }

    private Matcher throughputMatcher()
    {
        final Matcher m = THROUGHPUT.matcher(logs());
        if (!m.find())
        {
            fail(role + " printed no throughput line; its output:\n" + logs());
        }
        return m;
    }

    @Override
    public void close()
    {
        container.stop();
    }
}
