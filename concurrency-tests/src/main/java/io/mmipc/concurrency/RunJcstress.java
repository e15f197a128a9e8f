package io.mmipc.concurrency;

import org.openjdk.jcstress.Main;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress (its own command line, e.g. {@code -m quick -t io\.mmipc\..*}) and turns its
 * verdict into an exit status, which jcstress's Main does not give: 1 if any test failed (a
 * FORBIDDEN outcome was seen) or errored, or if no test ran at all; 0 otherwise. Used by the
 * module's exec execution in {@code mvn verify}.
 */
public final class RunJcstress
{
    private static final Pattern SECTION = Pattern.compile("^\\s*(Interesting|Failed|Error|All remaining) tests: (.*)$",
        Pattern.MULTILINE);

    private RunJcstress()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final PrintStream console = System.out;
        final ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, copy), true, StandardCharsets.UTF_8));
        final long start = System.nanoTime();
        Throwable thrown = null;
        try
        {
            Main.main(args);
        }
        catch (final AssertionError failures)
        {
            thrown = failures; // jcstress reports forbidden outcomes by throwing "TEST FAILURES"
        }
        finally
        {
            System.out.flush();
            System.setOut(console);
        }
        final String output = copy.toString(StandardCharsets.UTF_8);
        final long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        int failed = -1;
        int errors = -1;
        int passed = -1;
        int interesting = -1;
        final Matcher m = SECTION.matcher(output);
        while (m.find())
        {
            final int count = count(m.group(2));
            switch (m.group(1))
            {
                case "Interesting" -> interesting = count;
                case "Failed" -> failed = count;
                case "Error" -> errors = count;
                default -> passed = count;
            }
        }
        console.printf("mmipc jcstress: %d s; passed %d, interesting %d, failed %d, errors %d%n",
            seconds, passed, interesting, failed, errors);
        if (thrown != null || failed != 0 || errors != 0 || passed + Math.max(interesting, 0) <= 0)
        {
            if (thrown != null)
            {
                console.println(thrown.getMessage());
            }
            console.println("mmipc jcstress: FAILED (a forbidden outcome was seen, a test errored, or no test ran); " +
                "see the output above and target/jcstress/results/index.html");
            System.exit(1);
        }
        System.exit(0);
    }

    /** "No matches." or "3 matching test results." */
    private static int count(final String text)
    {
        final Matcher number = Pattern.compile("(\\d+) matching").matcher(text);
        return number.find() ? Integer.parseInt(number.group(1)) : 0;
    }

    private static final class Tee extends OutputStream
    {
        private final OutputStream a;
        private final OutputStream b;

        Tee(final OutputStream a, final OutputStream b)
        {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(final int x) throws java.io.IOException
        {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(final byte[] bytes, final int off, final int len) throws java.io.IOException
        {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException
        {
            a.flush();
            b.flush();
        }
    }
}
