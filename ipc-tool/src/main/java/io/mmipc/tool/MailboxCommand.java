package io.mmipc.tool;

import io.mmipc.Mailbox;
import io.mmipc.MailboxOptions;
import io.mmipc.cli.ChannelOptions;
import io.mmipc.cli.SizeConverter;
import io.mmipc.cli.ExitCodes;
import io.mmipc.core.file.ChannelPaths;
import io.mmipc.core.mailbox.MailboxStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * {@code ipc mailbox create|destroy|list}.
 */
@Command(name = "mailbox", mixinStandardHelpOptions = true, description = "Create, destroy or list mailboxes.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.REFUSED_LINE},
    subcommands = {MailboxCommand.Create.class, MailboxCommand.Destroy.class, MailboxCommand.List.class})
final class MailboxCommand implements Runnable
{
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name one: create, destroy or list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a mailbox (nothing if it exists).",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE})
    static final class Create implements java.util.concurrent.Callable<Integer>
    {
        @Parameters(paramLabel = "NAME", description = "Mailbox name, or a path containing '/'.")
        String name;

        @Option(names = "--slots", paramLabel = "N", converter = SizeConverter.class, defaultValue = "4096",
            description = "Messages it holds, a power of two (default ${DEFAULT-VALUE}).")
        long slots;

        @Option(names = "--slot-size", paramLabel = "BYTES", converter = SizeConverter.class, defaultValue = "1024",
            description = "Bytes per slot, a power of two; a message holds 48 fewer (default ${DEFAULT-VALUE}).")
        long slotSize;

        @Option(names = "--mode", paramLabel = "OCTAL", defaultValue = "600",
            description = "File permissions (default ${DEFAULT-VALUE}: owner only); 660 shares it with the group.")
        String mode;

        @Override
        public Integer call()
        {
            final Path path = io.mmipc.core.mailbox.Mailbox.path(name);
            io.mmipc.core.mailbox.MailboxDescriptor.checkSizes(path, slots, slotSize); // the message in the user's terms
            try (Mailbox box = Mailbox.create(path.toString(), MailboxOptions.builder().slots((int)slots)
                .slotSize((int)slotSize).mode(PosixFilePermissions.toString(ChannelOptions.permissions(mode))).build()))
            {
                System.out.println("mailbox " + name + " at " + box.path() + ": " + slots + " slots, messages up to " +
                    box.maxMessageLength() + " bytes");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "destroy", mixinStandardHelpOptions = true,
        description = "Destroy a mailbox; refused while live participants are attached, unless --force.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.BAD_FILE_LINE, ExitCodes.REFUSED_LINE})
    static final class Destroy implements java.util.concurrent.Callable<Integer>
    {
        @Parameters(paramLabel = "NAME", description = "Mailbox name, or a path containing '/'.")
        String name;

        @Option(names = "--force", description = "Destroy anyway: attached processes are woken and exit with a message.")
        boolean force;

        @Override
        public Integer call()
        {
            try (Mailbox box = Mailboxes.open(name, "ipc-destroy", "remove it with 'ipc rm NAME'",
                "ipc list shows what is there"))
            {
                box.destroy(force);
                System.out.println("mailbox " + name + " destroyed");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the mailboxes in $MMIPC_DIR (ipc list shows channels and inboxes too).",
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE})
    static final class List implements java.util.concurrent.Callable<Integer>
    {
        @Override
        public Integer call() throws IOException
        {
            final Path dir = ChannelPaths.directory();
            System.out.println(String.format(Locale.ROOT, "%-24s %8s %9s %8s %8s %10s", "NAME", "SLOTS", "SLOT_SIZE",
                "FILL", "SENDERS", "RECEIVERS"));
            if (!Files.isDirectory(dir))
            {
                return ExitCodes.OK;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ChannelPaths.SUFFIX))
            {
                for (final Path file : files)
                {
                    final MailboxStatus status = MailboxStatus.read(file);
                    if (status != null)
                    {
                        final String n = file.getFileName().toString();
                        System.out.println(String.format(Locale.ROOT, "%-24s %8d %9d %7.1f%% %8d %10d",
                            n.substring(0, n.length() - ChannelPaths.SUFFIX.length()), status.slots(), status.slotSize(),
                            100.0 * status.fill() / status.slots(), status.liveSenders(), status.liveReceivers()));
                    }
                }
            }
            return ExitCodes.OK;
        }
    }
}
