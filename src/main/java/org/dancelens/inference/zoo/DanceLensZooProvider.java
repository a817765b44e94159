package org.dancelens.inference.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/**
 * Registers {@link DanceLensModelZoo} with DJL: named in {@code META-INF/services/ai.djl.repository.zoo.ZooProvider},
 * so DJL's {@code ModelZoo} finds it when it starts, and a plain {@code Criteria} with the group id
 * {@value DanceLensModelZoo#GROUP_ID} loads DanceLens's models.
 */
public final class DanceLensZooProvider implements ZooProvider {
    @Override
    public String getName() {
        return "DanceLens";
    }

    @Override
    public ModelZoo getModelZoo() {
        return DanceLensModelZoo.INSTANCE;
    }
}
