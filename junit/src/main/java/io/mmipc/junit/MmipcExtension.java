package io.mmipc.junit;

import io.mmipc.core.file.ChannelPaths;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh mmipc folder ({@link MmipcTestDir}), in which bare channel and mailbox
 * names resolve for this JVM (through {@link ChannelPaths#DIR_PROPERTY}) and for every daemon the
 * test starts (through {@code MMIPC_DIR}); afterwards it closes what the test opened, kills the
 * daemons it started and removes the folder.
 *
 * <pre>{@code
 * @ExtendWith(MmipcExtension.class)
 * class OrdersTest
 * {
 *     @Test
 *     void ordersArrive(MmipcTestDir mmipc) throws Exception
 *     {
 *         Process consumer = mmipc.start(ConsumerMain.class, "--channel", "orders", "--sink", "verify");
 *         try (Channel orders = mmipc.channel("orders")) { ... }
 *     }
 * }
 * }</pre>
 *
 * Tests that use it in one JVM must not run in parallel: the folder is a JVM-wide property.
 */
public final class MmipcExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MmipcExtension.class);

    /**
     * Made by JUnit for {@code @ExtendWith(MmipcExtension.class)}; holds no state of its own (each
     * test's folder lives in the test's extension store).
     */
    public MmipcExtension()
    {
    }

    @Override
    public void beforeEach(final ExtensionContext context) throws Exception
    {
        final MmipcTestDir dir = MmipcTestDir.create();
        context.getStore(NAMESPACE).put(MmipcTestDir.class, dir);
    }

    @Override
    public void afterEach(final ExtensionContext context) throws Exception
    {
        final MmipcTestDir dir = context.getStore(NAMESPACE).remove(MmipcTestDir.class, MmipcTestDir.class);
        if (dir != null)
        {
            dir.close();
        }
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext extension)
    {
        return parameter.getParameter().getType() == MmipcTestDir.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext extension)
    {
        return extension.getStore(NAMESPACE).get(MmipcTestDir.class, MmipcTestDir.class);
    }
}
