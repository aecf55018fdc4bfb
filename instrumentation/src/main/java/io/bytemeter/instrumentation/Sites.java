package io.bytemeter.instrumentation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Registry of instrumented methods. Registration happens when a class is transformed, before any
 * of its code runs; the same method in the same role always gets the same id, so a class that is
 * retransformed, or loaded by two class loaders, feeds one series.
 */
public final class Sites {

    private final Map<Role.Family, Map<String, String>> namesByFamily;
    private final Map<String, Site> byKey = new HashMap<>();
    private final List<Site> byId = new ArrayList<>();

    /** @param namesByFamily per family, instance names by fully qualified class name */
    public Sites(Map<Role.Family, Map<String, String>> namesByFamily) {
        this.namesByFamily = namesByFamily;
    }

    public synchronized Site register(Role role, String className, String methodName, String descriptor) {
        String key = role + " " + className + "#" + methodName + descriptor;
        Site site = byKey.get(key);
        if (site == null) {
            site = new Site(byId.size(), role, className, methodName, nameOf(role.family(), className));
            byKey.put(key, site);
            byId.add(site);
            AgentLog.info("instrumented " + site + " as " + role.settingKey().substring("bytemeter.".length())
                    + " (" + site.name() + ")");
        }
        return site;
    }

    /** The site with this id; ids come only from {@link #register}, so it exists. */
    public synchronized Site get(int id) {
        return byId.get(id);
    }

    private String nameOf(Role.Family family, String className) {
        String configured = namesByFamily.getOrDefault(family, Map.of()).get(className);
        if (configured != null) {
            return configured;
        }
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
