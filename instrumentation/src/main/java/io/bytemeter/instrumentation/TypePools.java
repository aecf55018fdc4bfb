package io.bytemeter.instrumentation;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The type pool the agent describes classes with: from their class files, read only as far as a
 * matcher or advice asks (what {@code AgentBuilder.PoolStrategy.Default.FAST} builds, without
 * {@code AgentBuilder}, which is 150 classes of the jar the agent does not otherwise use).
 */
public final class TypePools {

    private TypePools() {}

    public static TypePool lazy(ClassFileLocator locator) {
        return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(),
                locator, TypePool.Default.ReaderMode.FAST));
    }
}
