package demo.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import org.hibernate.annotations.GenericGenerator;
import org.hibernate.annotations.Parameter;
import org.hibernate.id.enhanced.SequenceStyleGenerator;

/**
 * IDs from a table row rather than a sequence (what Hibernate does on a database without
 * sequences), by the hilo algorithm: each row value read stands for 10 IDs.
 */
@Entity
public class Shipment {

    @Id
    @GeneratedValue(generator = "shipment_ids")
    @GenericGenerator(name = "shipment_ids", type = SequenceStyleGenerator.class, parameters = {
            @Parameter(name = "force_table_use", value = "true"),
            @Parameter(name = "sequence_name", value = "shipment_ids"),
            @Parameter(name = "increment_size", value = "10"),
            @Parameter(name = "optimizer", value = "hilo")})
    private Long id;

    private String carrier;

    protected Shipment() {}

    public Shipment(String carrier) {
        this.carrier = carrier;
    }
}
