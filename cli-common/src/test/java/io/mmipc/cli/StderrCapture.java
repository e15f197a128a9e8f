package io.mmipc.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures {@code System.err} for each test of a daemon run in-process:
 * {@code @RegisterExtension final StderrCapture err = new StderrCapture();} then {@code err.text()}.
 */
public final class StderrCapture implements BeforeEachCallback, AfterEachCallback
{
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream saved;

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        bytes.reset();
        saved = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        System.setErr(saved);
    }

    /**
     * Forgets what was captured so far (between two runs in one test).
     */
    public void reset()
    {
        bytes.reset();
    }

    /**
     * @return what the test wrote to stderr so far.
     */
    public String text()
    {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
