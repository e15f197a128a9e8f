package io.mmipc.examples;

import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;
import io.mmipc.Message;

import java.time.Duration;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Mailbox workers: {@code WorkerExample submit jobs N W} puts N jobs and then one END_OF_STREAM per
 * worker into mailbox {@code jobs}; {@code WorkerExample work jobs NAME} (start several, in other
 * JVMs) takes jobs until it takes an END_OF_STREAM. Each job goes to exactly one worker.
 */
public final class WorkerExample
{
    public static void main(final String[] args)
    {
        final String mode = args.length > 0 ? args[0] : "work";
        final String name = args.length > 1 ? args[1] : "jobs";
        if ("submit".equals(mode))
        {
            final int jobs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
            final int workers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
            try (Mailbox box = Mailbox.create(name, MailboxOptions.builder().name("submitter").build()))
            {
                for (int i = 0; i < jobs; i++)
                {
                    box.send(1, ("job " + i).getBytes(UTF_8));
                }
                for (int i = 0; i < workers; i++)
                {
                    box.sendEndOfStream(); // one stop marker per worker: each takes exactly one
                }
            }
            return;
        }
        final String worker = args.length > 2 ? args[2] : "worker";
        try (Mailbox box = Mailbox.create(name, MailboxOptions.builder().name(worker).build()))
        {
            int done = 0;
            while (true)
            {
                final Message m = box.receive(Duration.ofSeconds(30));
                if (m == null || m.endOfStream())
                {
                    break;
                }
                System.out.println(worker + " did " + m.text() + " (from " + m.sender() + ", its #" + m.senderSequence() + ")");
                done++;
            }
            System.out.println(worker + " done: " + done + " jobs");
        }
    }
}
