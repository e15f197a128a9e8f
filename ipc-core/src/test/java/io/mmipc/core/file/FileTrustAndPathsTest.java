package io.mmipc.core.file;

import io.mmipc.core.ExitCodes;
import io.mmipc.exceptions.ChannelFileException;
import io.mmipc.exceptions.MmipcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a channel file must be before it is mapped (a regular file of this user, not writable by
 * others, not a link unless allowed), how a new one is made (its folder owner-only, its creation
 * time and flags), and which bare names resolve where.
 */
class FileTrustAndPathsTest
{
    private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
        PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dir;

    private Path channel(final String name)
    {
        final Path path = dir.resolve(name);
        ChannelFile.createOrOpen(path, 4096, 512, OWNER_ONLY).close();
        return path;
    }

    private static String refused(final Path path)
    {
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelFile.open(path).close());
        assertEquals(ExitCodes.BAD_CHANNEL, ex.exitCode());
        assertEquals(path, ex.file());
        return ex.getMessage();
    }

    @Test
    void symbolicLinkIsRefusedNamingItsTargetUnlessUntrustedFilesAreAllowed() throws IOException
    {
        final Path real = channel("real.mmipc");
        final Path link = Files.createSymbolicLink(dir.resolve("link.mmipc"), real);
        assertTrue(refused(link).contains("is a symbolic link (to " + real + "); refusing to follow it"));
        try (ChannelFile file = ChannelFile.open(link, true))
        {
            assertEquals(4096, file.capacity(), "--allow-untrusted-file follows the link");
        }
    }

    @Test
    void fileWritableByOthersIsRefusedUnlessAllowedAndGroupWritableIsFine() throws IOException
    {
        final Path path = channel("shared.mmipc");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        ChannelFile.open(path).close();
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertTrue(refused(path).contains("is writable by every user"));
        ChannelFile.open(path, true).close();
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-r--"));
        ChannelFile.open(path).close();
    }

    @Test
    void fileOfAnotherUserIsRefusedUnlessAllowed() throws Exception
    {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away (chown)");
        final Path path = channel("theirs.mmipc");
        assertEquals(0, new ProcessBuilder("chown", "4321", path.toString()).inheritIO().start().waitFor());
        assertTrue(refused(path).contains("is owned by uid 4321, not by you (uid 0)"));
        ChannelFile.open(path, true).close();
    }

    @Test
    void directoryIsRefusedBeforeAnythingElse() throws IOException
    {
        final Path folder = Files.createDirectory(dir.resolve("folder.mmipc"));
        assertTrue(refused(folder).contains("is a directory, not an mmipc file"));
    }

    @Test
    void missingFileSaysHowToCreateIt()
    {
        final String message = refused(dir.resolve("none.mmipc"));
        assertTrue(message.contains("no such file; start the producer or consumer first"), message);
    }

    @Test
    void aNewChannelInMissingFoldersCreatesThemOwnerOnly() throws IOException
    {
        final Path path = dir.resolve("a").resolve("b").resolve("c.mmipc");
        ChannelFile.createOrOpen(path, 4096, 512, PosixFilePermissions.fromString("rw-rw----")).close();
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(path.getParent()));
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(path));
        try (var names = Files.list(path.getParent()))
        {
            assertEquals(1, names.count(), "no temporary file left beside it");
        }
    }

    @Test
    void aNewChannelRecordsItsCreationTimeAndPathAndStartsWithoutFlags()
    {
        final long before = System.currentTimeMillis();
        final Path path = dir.resolve("new.mmipc");
        try (ChannelFile file = ChannelFile.createOrOpen(path, 8192, 64, OWNER_ONLY))
        {
            final long after = System.currentTimeMillis();
            final long created = file.buffer().getLong(ChannelDescriptor.CREATION_TIME_OFFSET);
            assertTrue(created >= before && created <= after, before + " <= " + created + " <= " + after);
            assertEquals(path, file.path());
            assertEquals(0, file.flags());
            file.setFlags(ChannelDescriptor.FLAG_END_OF_STREAM);
            file.setFlags(ChannelDescriptor.FLAG_CLOSED);
            assertEquals(ChannelDescriptor.FLAG_END_OF_STREAM | ChannelDescriptor.FLAG_CLOSED, file.flags());
            file.clearFlags(ChannelDescriptor.FLAG_END_OF_STREAM);
            assertEquals(ChannelDescriptor.FLAG_CLOSED, file.flags());
            file.clearFlags(ChannelDescriptor.FLAG_END_OF_STREAM);
            assertEquals(ChannelDescriptor.FLAG_CLOSED, file.flags(), "clearing a clear bit changes nothing");
        }
    }

    @Test
    void bareNamesResolveUnderMmipcDirOrDevShm()
    {
        final String env = System.getenv(ChannelPaths.DIR_ENV);
        final Path expected = env != null && !env.isBlank() ? Path.of(env) : Path.of("/dev/shm/mmipc");
        assertEquals(expected, ChannelPaths.directory());
        assertEquals(expected.resolve("logs.mmipc"), ChannelPaths.resolve("logs"));
        assertEquals(Path.of("./x.bin"), ChannelPaths.resolve("./x.bin"));
    }

    @Test
    void namesOfTwoHundredCharactersAreTheLongest()
    {
        ChannelPaths.checkName("a".repeat(200));
        final MmipcException ex = assertThrows(MmipcException.class, () -> ChannelPaths.checkName("a".repeat(201)));
        assertEquals(ExitCodes.USAGE, ex.exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "z", "A", "Z", "0", "9", "m.n", "under_score", "da-sh", "x."})
    void lettersDigitsDotUnderscoreAndDashAreAllowed(final String name)
    {
        ChannelPaths.checkName(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"`", "{", "@", "[", ":", "a b", "a\tb", "é", ".hidden", "", "a+b", "a=b", "~", "\u0000"})
    void everyOtherCharacterOrALeadingDotIsRefused(final String name)
    {
        final MmipcException ex = assertThrows(MmipcException.class, () -> ChannelPaths.checkName(name));
        assertTrue(ex.getMessage().startsWith("invalid channel name '"), ex.getMessage());
        assertFalse(ex.getMessage().contains("\t") || ex.getMessage().contains("\u0000"),
            "control characters are not echoed: " + ex.getMessage());
    }

    @Test
    void recordTypesHaveTheirNames()
    {
        assertEquals("DATA", RecordLayout.typeName(RecordLayout.DATA));
        assertEquals("PADDING", RecordLayout.typeName(RecordLayout.PADDING));
        assertEquals("END_OF_STREAM", RecordLayout.typeName(RecordLayout.END_OF_STREAM));
        assertEquals("unknown type 9", RecordLayout.typeName(9));
        assertEquals(24, RecordLayout.aligned(17));
        assertEquals(16, RecordLayout.aligned(16));
    }
}
