package io.latnas.predictor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeThreadsTest {

    @Test
    void setsElementwiseAndBlasThreadsSeparately() {
        int elementwise = NativeThreads.elementwiseThreads();
        int blas = NativeThreads.blasThreads();
        try {
            NativeThreads.use(1, 2);
            assertThat(NativeThreads.elementwiseThreads()).isEqualTo(1);
            assertThat(NativeThreads.blasThreads()).isEqualTo(2);
            NativeThreads.use(1);
            assertThat(NativeThreads.blasThreads()).isEqualTo(1);
        } finally {
            NativeThreads.use(elementwise, blas);
        }
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> NativeThreads.use(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
