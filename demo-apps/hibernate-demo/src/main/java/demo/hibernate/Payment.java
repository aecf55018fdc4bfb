package demo.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

/** One sequence value per ID (allocation size 1: no optimizer, a database round trip for every ID). */
@Entity
public class Payment {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_ids")
    @SequenceGenerator(name = "payment_ids", sequenceName = "payment_seq", allocationSize = 1)
    private Long id;

    private long cents;

    protected Payment() {}

    public Payment(long cents) {
        this.cents = cents;
    }
}
