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

    /** The one registered zoo, made at the first ask (DJL asks while its ModelZoo class initialises). */
    private static final class Registered {
        static final DanceLensModelZoo ZOO = DanceLensModelZoo.defaults();
    }

    @Override
    public ModelZoo getModelZoo() {
        return Registered.ZOO;
    }
}
