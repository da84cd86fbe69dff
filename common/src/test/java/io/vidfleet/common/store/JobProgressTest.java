package io.vidfleet.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JobProgress writes its equals out (see there): it must still be the equality of every component. */
class JobProgressTest {
    private static final JobProgress SOME = new JobProgress("job-1", "running", 1, 4, 2, 5, 300, 1200, 48.5,
            List.of("worker-a"), null, null);
    /** Another value for each component, in their order. */
    private static final List<Object> OTHERS = List.of("job-2", "stitching", 2, 5, 3, 6, 301L, 1201L, 48.6,
            List.of("worker-b"), "encoder failed", "out.mp4");

    @Test
    void progressWithTheSameComponentsIsEqualAndHashesAlike() {
        JobProgress same = new JobProgress("job-1", "running", 1, 4, 2, 5, 300, 1200, 48.5, List.of("worker-a"), null, null);
        assertEquals(SOME, same);
        assertEquals(SOME.hashCode(), same.hashCode());
    }

    @Test
    void progressDiffersWhenAnyOneComponentDiffers() throws ReflectiveOperationException {
        RecordComponent[] components = JobProgress.class.getRecordComponents();
        assertEquals(components.length, OTHERS.size(), "another value for every component");
        for (int i = 0; i < components.length; i++) {
            assertNotEquals(SOME, with(components, i, OTHERS.get(i)), "component " + components[i].getName());
        }
    }

    /** SOME with component {@code index} set to {@code value}. */
    private static JobProgress with(RecordComponent[] components, int index, Object value) throws ReflectiveOperationException {
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = i == index ? value : components[i].getAccessor().invoke(SOME);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return JobProgress.class.getDeclaredConstructor(types).newInstance(values);
    }
}
