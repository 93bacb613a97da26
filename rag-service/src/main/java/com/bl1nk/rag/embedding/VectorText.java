package com.bl1nk.rag.embedding;

/** pgvector's text form of a vector ({@code [0.1,0.2,...]}), bound as a string and cast in SQL. */
public final class VectorText {

    private VectorText() {}

    /** The pgvector literal of {@code vector}. */
    public static String of(float[] vector) {
        StringBuilder sb = new StringBuilder(vector.length * 12);
        sb.append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(vector[i]);
        }
        return sb.append(']').toString();
    }
}
