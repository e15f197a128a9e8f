import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites the Java 5 class files (version 49) in a jar as version 52 with stack maps, the same
 * code otherwise, using the JDK's ClassFile API: a JDK 25 AOT cache cannot hold classes older than
 * version 50, and Picocli ships as Java 5 bytecode, so without this every one-shot command loads
 * and verifies its ~200 classes from the jar. Run by scripts/dist with the JDK's source launcher:
 *   java scripts/lib/UpgradeClassFiles.java JAR
 */
public final class UpgradeClassFiles
{
    public static void main(final String[] args) throws Exception
    {
        final Path jar = Path.of(args[0]);
        final Path out = Files.createTempFile(jar.getParent(), "upgrade", ".jar");
        int upgraded = 0;
        int kept = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
            JarFile in = new JarFile(jar.toFile());
            JarOutputStream to = new JarOutputStream(Files.newOutputStream(out)))
        {
            // Stack maps need the class hierarchy: the jar's own classes, then the JDK's.
            final ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.ofResourceParsing(loader)
                    .orElse(ClassHierarchyResolver.defaultResolver())));
            for (final Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); )
            {
                final JarEntry entry = entries.nextElement();
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class"))
                {
                    final ClassModel model = classFile.parse(bytes);
                    if (model.majorVersion() < ClassFile.JAVA_6_VERSION)
                    {
                        try
                        {
                            bytes = classFile.transformClass(model, ClassTransform.transformingMethodBodies(
                                CodeTransform.ACCEPT_ALL).andThen(ClassTransform.endHandler(
                                builder -> builder.withVersion(ClassFile.JAVA_8_VERSION, 0))));
                            upgraded++;
                        }
                        catch (final IllegalArgumentException ex)
                        {
                            kept++; // e.g. it names a class of an optional library the jar lacks: left as it was
                        }
                    }
                }
                final JarEntry copy = new JarEntry(entry.getName());
                copy.setTime(entry.getTime());
                to.putNextEntry(copy);
                to.write(bytes);
                to.closeEntry();
            }
        }
        Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
        System.err.println("dist: " + jar.getFileName() + ": " + upgraded + " Java 5 class files rewritten as Java 8 " +
            "for the AOT cache" + (kept == 0 ? "" : ", " + kept + " left as they were (their stack maps name classes " +
            "the jar lacks)"));
    }
}
