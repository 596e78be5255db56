// Java's SchemaCompatibility verdict for many schema pairs in one JVM (scripts/make-java-fixtures.sh).
// Input lines: PAIR \t READER_FILE \t WRITER_FILE. Output lines: PAIR \t VERDICT \t DETAIL, where
// VERDICT is COMPATIBLE, INCOMPATIBLE, or ERROR when Java cannot parse a schema.
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import java.io.*;

public class JavaCompat {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      String[] c = line.split("\t");
      try {
        Schema r = new Schema.Parser().parse(new File(c[1]));
        Schema w = new Schema.Parser().parse(new File(c[2]));
        SchemaCompatibility.SchemaPairCompatibility p = SchemaCompatibility.checkReaderWriterCompatibility(r, w);
        out.println(c[0] + "\t" + p.getType() + "\t" + p.getDescription().replace('\n', ' ').replace('\t', ' '));
      } catch (Exception e) {
        out.println(c[0] + "\tERROR\t" + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' ').replace('\t', ' '));
      }
    }
  }
}
