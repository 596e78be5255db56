// What Apache avro-tools' `tojson` does (org.apache.avro.tool.DataFileReadTool, Avro 1.8.2): read a
// container file with DataFileStream and GenericDatumReader, write each record with one
// JsonEncoder and GenericDatumWriter, a line each. Used by scripts/bench-cat.sh (avro-tools itself
// is not packaged by Debian; this is its loop, for the same library).
import java.io.*;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

public class ToJson {
  public static void main(String[] args) throws Exception {
    try (InputStream in = new BufferedInputStream(new FileInputStream(args[0]));
         DataFileStream<Object> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
      Schema schema = stream.getSchema();
      PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, "UTF-8");
      GenericDatumWriter<Object> writer = new GenericDatumWriter<>(schema);
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
      Object datum = null;
      while (stream.hasNext()) {
        datum = stream.next(datum);
        writer.write(datum, encoder);
        encoder.flush();
        out.println();
      }
      out.flush();
    }
  }
}
