package io.mmipc.examples;

import io.mmipc.Inbox;
import io.mmipc.Message;

import java.time.Duration;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Request and reply between two processes over inboxes (direct message passing):
 * {@code RequestReplyExample serve} answers each request sent to inbox {@code server} with the text
 * upper-cased, in the sender's inbox, until it gets "bye"; {@code RequestReplyExample ask NAME TEXT...}
 * sends each TEXT as a request and prints the reply from {@code server} only.
 */
public final class RequestReplyExample
{
    public static void main(final String[] args)
    {
        if (args.length > 0 && "ask".equals(args[0]))
        {
            final String me = args.length > 1 ? args[1] : "client";
            try (Inbox inbox = Inbox.of(me))
            {
                for (int i = 2; i < args.length; i++)
                {
                    Inbox.send("server", me, args[i].getBytes(UTF_8));
                    final Message reply = inbox.receiveFrom("server", Duration.ofSeconds(30));
                    System.out.println(args[i] + " -> " + (reply == null ? "(no reply in 30 s)" : reply.text()));
                }
            }
            Inbox.send("server", me, "bye".getBytes(UTF_8));
            return;
        }
        try (Inbox inbox = Inbox.of("server"))
        {
            while (true)
            {
                final Message request = inbox.receive(Duration.ofSeconds(60));
                if (request == null || "bye".equals(request.text()))
                {
                    break;
                }
                Inbox.send(request.sender(), "server", request.text().toUpperCase().getBytes(UTF_8));
            }
        }
    }
}
