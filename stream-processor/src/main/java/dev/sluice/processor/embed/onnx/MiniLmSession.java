package dev.sluice.processor.embed.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.sluice.processor.embed.MiniLm;
import dev.sluice.processor.engine.ErrorCodes;
import dev.sluice.processor.engine.IndexingException;
import dev.sluice.schemas.Stage;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session of the MiniLM model: turns a {@link PaddedBatch} into unit sentence vectors in one run.
 * {@link #embed} is thread-safe (so is {@link OrtSession#run}); how many runs overlap is the caller's choice.
 */
final class MiniLmSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MiniLmSession.class);
    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final String LAST_HIDDEN_STATE = "last_hidden_state";

    // The environment is a process-wide singleton shared with any other ONNX user (langchain4j, tests): never close it.
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final boolean wantsTokenTypeIds;
    private final String outputName;

    MiniLmSession(byte[] model, int intraOpThreads) {
        try {
            options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(model, options);
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("cannot load the MiniLM ONNX model: " + e.getMessage(), e);
        }
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
            close();
            throw new IllegalStateException("the MiniLM ONNX model has inputs " + inputs + ", expected "
                    + INPUT_IDS + " and " + ATTENTION_MASK);
        }
        wantsTokenTypeIds = inputs.contains(TOKEN_TYPE_IDS);
        outputName = tokenVectorsOutput();
    }

    private String tokenVectorsOutput() {
        try {
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String name = outputs.containsKey(LAST_HIDDEN_STATE)
                    ? LAST_HIDDEN_STATE
                    : outputs.keySet().iterator().next();
            long[] shape = ((TensorInfo) outputs.get(name).getInfo()).getShape();
            if (shape.length != 3 || shape[2] != MiniLm.DIMENSION) {
                throw new IllegalStateException("the MiniLM ONNX model's output " + name + " has shape "
                        + Arrays.toString(shape) + ", expected [batch, sequence, " + MiniLm.DIMENSION + "]");
            }
            return name;
        } catch (OrtException | RuntimeException e) {
            close();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("cannot read the MiniLM ONNX model's outputs: " + e.getMessage(), e);
        }
    }

    /** One unit vector per row of {@code batch}, in row order, from one ONNX run. */
    float[][] embed(PaddedBatch batch) {
        long[] shape = {batch.size(), batch.sequenceLength()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.inputIds()), shape));
            inputs.put(ATTENTION_MASK,
                    OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.attentionMask()), shape));
            if (wantsTokenTypeIds) {
                // a single sentence per row: every token is of type 0
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(environment,
                        LongBuffer.wrap(new long[batch.inputIds().length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                FloatBuffer tokenVectors = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[][] vectors = MeanPooling.poolAndNormalise(
                        tokenVectors, batch.lengths(), batch.sequenceLength(), MiniLm.DIMENSION);
                for (float[] vector : vectors) {
                    if (vector == null) {
                        throw rejected(batch, "the model produced a zero or non-finite vector", null);
                    }
                }
                return vectors;
            }
        } catch (OrtException e) {
            // ONNX Runtime's message may quote input values (token ids stand for words of the text): report its code
            // only, and keep the whole exception out of the error, which travels to outcomes and the DLQ
            log.debug("ONNX Runtime failed on a batch of {} texts", batch.size(), e);
            throw rejected(batch, "the model failed (" + e.getCode() + ")", null);
        } finally {
            inputs.values().forEach(OnnxValue::close);
        }
    }

    private static IndexingException rejected(PaddedBatch batch, String what, Throwable cause) {
        return new IndexingException(ErrorCodes.EMBEDDING_REJECTED, Stage.EMBEDDING, false,
                "in-process embedding of a batch of " + batch.size() + " texts of up to " + batch.sequenceLength()
                        + " tokens: " + what, cause);
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the MiniLM ONNX session: " + e.getMessage(), e);
        } finally {
            if (options != null) {
                options.close();
            }
        }
    }
}
