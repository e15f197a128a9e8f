package io.mmipc.core.mailbox;

import io.mmipc.core.signal.StopFlag;
import io.mmipc.exceptions.MailboxDestroyedException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static io.mmipc.core.mailbox.MailboxDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What a participant's entry says about it (ipc stat and the unblocker read it): the roles it has
 * taken, marked on first use, and durability from the start.
 */
class MailboxRolesTest
{
    @TempDir
    Path dir;

    @Test
    void rolesAreMarkedOnFirstUseAndDurabilityFromTheStart() throws Exception
    {
        final Path path = dir.resolve("roles.mmipc");
        final Mailbox.Options options = new Mailbox.Options(8, 128, PosixFilePermissions.fromString("rw-------"));
        try (Mailbox first = Mailbox.create(path, options, "a", new StopFlag());
             Mailbox durable = Mailbox.open(path, "b", new StopFlag(), options.asDurable()))
        {
            final UnsafeBuffer buffer = MailboxTest.map(path);
            assertEquals(path, first.file());
            assertEquals(0, buffer.getIntVolatile(entryOffset(0) + ROLES_OFFSET), "nothing done yet");
            assertEquals(ROLE_DURABLE, buffer.getIntVolatile(entryOffset(1) + ROLES_OFFSET));
            assertTrue(first.send("x".getBytes(StandardCharsets.UTF_8)));
            assertEquals(ROLE_SENDER, buffer.getIntVolatile(entryOffset(0) + ROLES_OFFSET));
            assertNotNull(durable.receive(Duration.ofSeconds(5)));
            assertEquals(ROLE_DURABLE | ROLE_RECEIVER, buffer.getIntVolatile(entryOffset(1) + ROLES_OFFSET));
            assertNull(first.receive(Duration.ofMillis(10)));
            assertEquals(ROLE_SENDER | ROLE_RECEIVER, buffer.getIntVolatile(entryOffset(0) + ROLES_OFFSET));
            assertEquals(1, first.claim(1), "a burst claim marks the sender role too");
            first.commit(0, io.mmipc.core.file.RecordLayout.DATA, 0);
            assertEquals(1, first.publish());
            assertFalse(first.isDestroyed());
            first.destroy(true);
            assertTrue(durable.isDestroyed());
            assertThrows(MailboxDestroyedException.class, () -> durable.receive(Duration.ofMillis(10)));
        }
    }
}
