package demo.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import org.hibernate.annotations.GenericGenerator;
import org.hibernate.annotations.Parameter;
import org.hibernate.id.enhanced.SequenceStyleGenerator;

/** IDs from a sequence, 20 at a time, handed out from the low end of each block (the pooled-lo optimizer). */
@Entity
public class Invoice {

    @Id
    @GeneratedValue(generator = "invoice_ids")
    @GenericGenerator(name = "invoice_ids", type = SequenceStyleGenerator.class, parameters = {
            @Parameter(name = "sequence_name", value = "invoice_seq"),
            @Parameter(name = "increment_size", value = "20"),
            @Parameter(name = "optimizer", value = "pooled-lo")})
    private Long id;

    private long cents;

    protected Invoice() {}

    public Invoice(long cents) {
        this.cents = cents;
    }
}
