package io.bytemeter.instrumentation.roles;

import io.bytemeter.instrumentation.Candidates;
import io.bytemeter.instrumentation.InlineAdvice;
import io.bytemeter.instrumentation.Instrumentation;
import io.bytemeter.instrumentation.InstrumentationContext;
import io.bytemeter.instrumentation.Transformations;
import io.bytemeter.instrumentation.MethodSpec;
import io.bytemeter.instrumentation.Role;
import io.bytemeter.instrumentation.SiteIdMapping;
import io.bytemeter.instrumentation.Sites;
import java.util.Arrays;
import java.util.stream.Collectors;
import net.bytebuddy.asm.Advice;

/**
 * Custom code named in settings by role ({@code bytemeter.cache.get=com.acme.Cache#get}): every
 * spec of each role gets the role's advice, with the site id bound as a constant.
 */
abstract class RoleInstrumentation implements Instrumentation {

    private final Role[] roles;

    RoleInstrumentation(Role... roles) {
        this.roles = roles;
    }

    @Override
    public Transformations extend(Transformations builder, InstrumentationContext context) {
        for (Role role : roles) {
            for (MethodSpec spec : context.specs(role)) {
                Advice.WithCustomMapping mapping = Advice.withCustomMapping()
                        .bind(new SiteIdMapping(context.sites(), role, spec));
                InlineAdvice advice = new InlineAdvice(mapping(mapping, role));
                builder = builder.type(spec.typeMatcher()).transform(advise(advice, role, spec));
            }
        }
        return builder;
    }

    @Override
    public Candidates candidates(InstrumentationContext context) {
        Candidates candidates = Candidates.named();
        for (Role role : roles) {
            for (MethodSpec spec : context.specs(role)) {
                candidates = candidates.and(spec.candidates());
            }
        }
        return candidates;
    }

    @Override
    public String skippedBecause(InstrumentationContext context) {
        for (Role role : roles) {
            if (!context.specs(role).isEmpty()) {
                return null;
            }
        }
        return "none of " + Arrays.stream(roles).map(Role::settingKey).collect(Collectors.joining(", ")) + " is set";
    }

    /** Further bindings a role's advice needs beyond the site id. */
    Advice.WithCustomMapping mapping(Advice.WithCustomMapping mapping, Role role) {
        return mapping;
    }

    /** Adds the role's advice classes, by name, each for the method shapes it fits. */
    abstract InlineAdvice advise(InlineAdvice advice, Role role, MethodSpec spec);

    String adviceName(String simpleName) {
        return getClass().getName() + "$" + simpleName;
    }
}
