package io.bytemeter.instrumentation;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.ParameterDescription;

/**
 * Binds {@link SiteId} to a constant: the id of the method being instrumented in one role,
 * registered when Byte Buddy inlines the advice. The inlined code then pushes an int, nothing more.
 */
public final class SiteIdMapping implements Advice.OffsetMapping.Factory<SiteId> {

    private final Sites sites;
    private final Role role;
    private final MethodSpec spec;

    public SiteIdMapping(Sites sites, Role role, MethodSpec spec) {
        this.sites = sites;
        this.role = role;
        this.spec = spec;
    }

    @Override
    public Class<SiteId> getAnnotationType() {
        return SiteId.class;
    }

    @Override
    public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
            AnnotationDescription.Loadable<SiteId> annotation, AdviceType adviceType) {
        return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) -> {
            Site site = sites.register(role, instrumentedType.getName(), instrumentedMethod.getInternalName(),
                    instrumentedMethod.getDescriptor());
            spec.markMatched();
            return Advice.OffsetMapping.Target.ForStackManipulation.of(site.id());
        };
    }
}
